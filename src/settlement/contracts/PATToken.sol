// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title PAT for local and test chains
/// @notice An ERC-20 with EIP-2612 permit and 18 decimals. Production uses the existing PAT
///         token at a configured address; this contract exists so that a local chain has one.
contract PATToken is ERC20, ERC20Permit {
    constructor(address holder, uint256 supplyWei) ERC20("PAT", "PAT") ERC20Permit("PAT") {
        _mint(holder, supplyWei);
    }
}
